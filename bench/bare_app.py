"""The baseline: a bare FastAPI app answering /healthz with no middleware, no error handlers."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "service": "bare"}
