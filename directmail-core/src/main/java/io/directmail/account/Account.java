package io.directmail.account;

import io.directmail.EmailAddress;
import io.directmail.MailType;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaLedger;
import io.directmail.template.Template;
import java.util.List;
import java.util.Optional;

/**
 * A managed account: the unit of sending domains, sender addresses, templates, recipient lists,
 * quota and statistics. Mail for a managed account ({@link io.directmail.Mail.Builder#account(String)})
 * is admitted only from one of its sender addresses of the mail's type, on a verified domain, and
 * is charged to its quota; its domains' DKIM keys sign it. Obtain one from
 * {@link Accounts#create(String)}. Thread-safe.
 */
public interface Account {

    /** {@return the account's id} */
    String id();

    /** {@return the account's limits} */
    AccountPolicy policy();

    /**
     * Adds a sending domain, with new DKIM keys and an ownership token.
     *
     * @param name the domain, e.g. {@code example.com} (IDN names are converted to ASCII)
     * @return the domain, unverified
     * @throws InvalidDomainNameException if the name is not a domain name
     * @throws DomainTakenException if another account holds it, or a parent or subdomain of it
     * @throws DuplicateDomainException if this account has it already
     * @throws io.directmail.LimitExceededException if the account has
     *     {@link IdentityPolicy#maxDomainsPerAccount()} domains already
     * @throws IllegalStateException if the {@code DirectMail} builder was given no {@link DomainSettings}
     */
    SendingDomain addDomain(String name);

    /**
     * Lists the DNS records the owner of a domain publishes: ownership, SPF, DKIM, DMARC and return path.
     *
     * @param domain one of the account's domains
     * @return the records
     * @throws UnknownDomainException if the account has no such domain
     */
    List<DnsRecord> dnsRecords(String domain);

    /**
     * Looks the domain's records up in DNS and records whether it is verified.
     *
     * @param domain one of the account's domains
     * @return what was found for each record
     * @throws UnknownDomainException if the account has no such domain
     */
    DomainVerification verifyDomain(String domain);

    /**
     * Removes a domain that has no sender addresses.
     *
     * @param domain one of the account's domains
     * @throws UnknownDomainException if the account has no such domain
     * @throws DomainInUseException if sender addresses are still on it
     */
    void removeDomain(String domain);

    /** {@return the account's domains} */
    List<SendingDomain> domains();

    /**
     * Adds a sender address on one of the account's verified domains.
     *
     * @param address the address
     * @param type the mail it sends: trigger or batch, never both
     * @param replyTo the Reply-To for its mail, or {@code null}
     * @return the sender address
     * @throws UnknownDomainException if its domain is not one of the account's
     * @throws DomainNotVerifiedException if its domain is not verified
     * @throws DuplicateSenderAddressException if it exists already
     * @throws io.directmail.LimitExceededException if the account has
     *     {@link IdentityPolicy#maxSenderAddressesPerAccount()} addresses already
     */
    SenderAddress addSenderAddress(EmailAddress address, MailType type, EmailAddress replyTo);

    /**
     * Removes a sender address.
     *
     * @param address the address
     * @throws UnknownSenderAddressException if the account has no such address
     */
    void removeSenderAddress(EmailAddress address);

    /** {@return the account's sender addresses} */
    List<SenderAddress> senderAddresses();

    /**
     * Checks that the account may send mail of a type from an address, as admission does: the
     * address is one of its sender addresses, of that type, on a verified domain. Batches use it
     * as their {@link io.directmail.batch.SenderCheck}.
     *
     * @param from the address
     * @param type the kind of mail
     * @return the sender address
     * @throws UnknownSenderAddressException if the address is not one of the account's
     * @throws SenderTypeMismatchException if it sends the other kind of mail
     * @throws DomainNotVerifiedException if its domain is not verified
     */
    SenderAddress checkSendable(EmailAddress from, MailType type);

    /**
     * Sets or rotates the SMTP password of a sender address; only a salted PBKDF2 hash is kept.
     *
     * @param address one of the account's sender addresses
     * @param password the new password, 8 to 128 characters; the array is not kept
     * @throws io.directmail.InvalidPasswordException if the password breaks the rules
     * @throws UnknownSenderAddressException if the account has no such address
     */
    void setSmtpPassword(EmailAddress address, char[] password);

    /**
     * Checks a password an SMTP client gave for a sender address, in constant time.
     *
     * @param address the sender address
     * @param candidate the password given; the array is not kept
     * @return true if the address is the account's and has a password, and the candidate matches it
     */
    boolean verifySmtpPassword(EmailAddress address, char[] candidate);

    /**
     * Adds a template under a new name.
     *
     * @param template the template
     * @throws io.directmail.DuplicateNameException if a template has that name already
     * @throws io.directmail.LimitExceededException if the account has as many templates as its
     *     {@link AccountPolicy#templates() limit} allows
     */
    void addTemplate(Template template);

    /**
     * Replaces the template with the same name.
     *
     * @param template the new version
     * @return the version replaced
     * @throws io.directmail.NameNotFoundException if no template has that name
     */
    Template replaceTemplate(Template template);

    /**
     * Finds a template.
     *
     * @param name its name
     * @return the template, or empty
     */
    Optional<Template> template(String name);

    /**
     * Deletes a template.
     *
     * @param name its name
     * @return false if there was none
     */
    boolean deleteTemplate(String name);

    /** {@return every template, by name} */
    List<Template> templates();

    /**
     * Adds a recipient list under a new name, for example one made by {@link io.directmail.list.CsvImport}.
     *
     * @param list the list
     * @throws io.directmail.DuplicateNameException if a list has that name already
     * @throws io.directmail.LimitExceededException if the account has as many lists as its
     *     {@link AccountPolicy#lists() limit} allows, or the list is longer than allowed
     */
    void addList(RecipientList list);

    /**
     * Replaces the recipient list with the same name.
     *
     * @param list the new version
     * @return the version replaced
     * @throws io.directmail.NameNotFoundException if no list has that name
     * @throws io.directmail.LimitExceededException if the list is longer than allowed
     */
    RecipientList replaceList(RecipientList list);

    /**
     * Finds a recipient list.
     *
     * @param name its name
     * @return the list, or empty
     */
    Optional<RecipientList> list(String name);

    /**
     * Deletes a recipient list.
     *
     * @param name its name
     * @return false if there was none
     */
    boolean deleteList(String name);

    /** {@return every recipient list, by name} */
    List<RecipientList> lists();

    /** {@return the account's quota ledger: packages, usage and bills} */
    QuotaLedger quota();
}
