/**
 * Recipient lists for batch mail: a {@link io.directmail.list.RecipientList} holds addresses with
 * per-row variables; {@link io.directmail.list.CsvImport} builds one from a CSV file and reports
 * the rows it left out; {@link io.directmail.list.RecipientLists} keeps one account's lists within
 * its {@link io.directmail.list.ListLimits}; {@link io.directmail.list.Personalisation} merges a
 * list with a {@link io.directmail.template.Template}, rendering one message at a time.
 *
 * <p>All values are immutable and thread-safe; so is the registry. Every refusal is an
 * {@link io.directmail.InvalidMailException} subclass that names what was wrong, and a refused
 * import or change leaves nothing half done.
 */
package io.directmail.list;
