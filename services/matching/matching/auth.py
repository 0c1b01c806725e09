"""Role dependencies used across modules; ownership is checked in each module's service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kit.auth import require_roles
from kit.tokens import Principal

VendorUser = Annotated[Principal, Depends(require_roles("vendor"))]
EnterpriseOrAdmin = Annotated[Principal, Depends(require_roles("enterprise", "admin"))]
EnterpriseUser = Annotated[Principal, Depends(require_roles("enterprise"))]
# Demands are reviewed as challenges are: by the government reviewers, and by the platform's admins.
ReviewerOrAdmin = Annotated[Principal, Depends(require_roles("gov_reviewer", "admin"))]
AdminOnly = Annotated[Principal, Depends(require_roles("admin"))]
VendorOrAdmin = Annotated[Principal, Depends(require_roles("vendor", "admin"))]
