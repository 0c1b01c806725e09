"""Helpers every service's tests share: test databases, stand-in HTTP and SMTP servers, fuzzing, the
lifecycle and unknown-field walks. Test modules import from here, from their package's factories and
conftest, never from another test module."""
