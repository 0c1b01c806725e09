"""Role dependencies used across modules; ownership is checked in each module's service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kit.auth import require_roles
from kit.tokens import Principal

VendorUser = Annotated[Principal, Depends(require_roles("vendor"))]
EnterpriseOrAdmin = Annotated[Principal, Depends(require_roles("enterprise", "admin"))]
AdminOnly = Annotated[Principal, Depends(require_roles("admin"))]
VendorOrAdmin = Annotated[Principal, Depends(require_roles("vendor", "admin"))]
