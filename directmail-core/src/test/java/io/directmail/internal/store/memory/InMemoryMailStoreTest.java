package io.directmail.internal.store.memory;

import io.directmail.store.MailStore;
import io.directmail.store.MailStoreContract;
import io.directmail.store.StoreOptions;

/** Runs the store contract against the in-memory store. */
class InMemoryMailStoreTest extends MailStoreContract {

    @Override
    protected MailStore open(StoreOptions options) {
        return MailStore.inMemory(options);
    }
}
