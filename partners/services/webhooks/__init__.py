"""Webhooks to partners, one module per subject: subscriptions, dispatch (changes become
deliveries), delivery (signed POSTs with retries), signing and transport (D70-D74)."""
