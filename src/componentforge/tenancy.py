"""Who is asking: every request runs as one tenant, the owner of what it creates.

The API-key middleware sets the principal for the request (tasks it starts inherit it); with
keys off, everything belongs to the one local tenant. Services read `current_principal()` to
stamp what they write and to narrow what they read.
"""

from __future__ import annotations

import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass

LOCAL_TENANT = "local"
TENANT_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Principal:
    tenant: str
    key_name: str | None = None
    admin: bool = False

    def owns(self, tenant: str | None) -> bool:
        """Whether a resource of `tenant` is this principal's to see (admins see all)."""
        return self.admin or (tenant or LOCAL_TENANT) == self.tenant


LOCAL = Principal(LOCAL_TENANT)
principal_var: ContextVar[Principal] = ContextVar("principal", default=LOCAL)


def current_principal() -> Principal:
    return principal_var.get()


def static_key_tenant(digest: str) -> str:
    """The tenant of a key from API_KEYS / API_KEY_HASHES: its own, named by its digest."""
    return f"key-{digest[:12]}"


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
