"""Intake (pesan masuk): messages that arrive on the channels an office publishes (WhatsApp
Cloud API webhook, IMAP mailboxes, SP4N-LAPOR! exports) stored exactly as received, then
processed by a worker into complaints (through `loket.complaints.services`) or onto an
existing complaint's timeline. Ingress stores and acknowledges; processing never runs inside
the provider's request. See issue 17."""
