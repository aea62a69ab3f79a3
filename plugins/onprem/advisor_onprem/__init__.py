"""advisor provider plugin: Owned hardware in the customer's data centres and colocation."""
