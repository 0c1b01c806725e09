"""Typed dependencies for the gateway's own endpoints."""

from typing import Annotated

from fastapi import Depends, Request

from gateway.auth.rate import RateLimit
from gateway.auth.service import AuthService
from gateway.auth.throttle import LoginThrottle
from gateway.config import Settings
from kit.app import ClockDep


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _auth(request: Request) -> AuthService:
    service: AuthService = request.app.state.auth_service
    return service


async def _throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.throttle
    return throttle


async def _registration_limit(request: Request) -> RateLimit:
    limit: RateLimit = request.app.state.registration_limit
    return limit


async def _refresh_limit(request: Request) -> RateLimit:
    limit: RateLimit = request.app.state.refresh_limit
    return limit


SettingsDep = Annotated[Settings, Depends(_settings)]
AuthDep = Annotated[AuthService, Depends(_auth)]
ThrottleDep = Annotated[LoginThrottle, Depends(_throttle)]
RegistrationLimitDep = Annotated[RateLimit, Depends(_registration_limit)]
RefreshLimitDep = Annotated[RateLimit, Depends(_refresh_limit)]

__all__ = ["AuthDep", "ClockDep", "RefreshLimitDep", "RegistrationLimitDep", "SettingsDep", "ThrottleDep"]
