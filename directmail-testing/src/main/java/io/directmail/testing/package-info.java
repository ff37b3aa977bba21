/**
 * Loopback servers for testing code that sends mail, usable by the library's users as well: a
 * DNS server that answers from records held in memory, and a scripted SMTP server that records
 * what it receives and injects the faults a real mail exchanger can produce.
 */
package io.directmail.testing;
