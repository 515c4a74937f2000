"""Errors that carry a reason fit to show a user or to store with a quarantined document."""


class AkhbarError(Exception):
    """Base class of akhbar's own errors: the message is meant for the user."""


class DocumentError(AkhbarError):
    """A document cannot be decoded or parsed; it is quarantined with this message as reason."""


class WarehouseBusyError(AkhbarError):
    """Another run is writing to the warehouse."""


class WarehouseError(AkhbarError):
    """The warehouse or lake cannot be used (missing, read-only, corrupt, newer schema)."""
