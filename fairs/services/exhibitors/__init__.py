"""Writes on exhibitor applications, one module per subject: `applications` (the lifecycle and
the waiting list), `eligibility` (who may apply), `booths` (capacity and booth numbers),
`showcase` (the products shown and the contact person), `notifications` (e-mails and the
public-change signal)."""
