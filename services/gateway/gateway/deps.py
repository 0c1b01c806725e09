"""Typed dependencies for the gateway's own endpoints."""

from typing import Annotated

from fastapi import Depends, Request

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


SettingsDep = Annotated[Settings, Depends(_settings)]
AuthDep = Annotated[AuthService, Depends(_auth)]
ThrottleDep = Annotated[LoginThrottle, Depends(_throttle)]

__all__ = ["AuthDep", "ClockDep", "SettingsDep", "ThrottleDep"]
