"""What a principal may read: its own tenant's rows, or any tenant's for an admin key."""

from __future__ import annotations

import dataclasses

from componentforge.errors import ForbiddenError
from componentforge.schemas.generation import GenerationFilters
from componentforge.tenancy import current_principal


def scoped(filters: GenerationFilters) -> GenerationFilters:
    """The filters narrowed to the caller's tenant; an admin's stay as given (all tenants, or
    the one it names)."""
    principal = current_principal()
    if principal.admin:
        return filters
    if filters.tenant is not None and filters.tenant != principal.tenant:
        raise ForbiddenError(
            "only an admin key may read another tenant's generations",
            {"tenant": filters.tenant},
        )
    return dataclasses.replace(filters, tenant=principal.tenant)
