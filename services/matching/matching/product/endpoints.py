from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from kit.db import DbSession
from kit.errors import problem_responses
from kit.etag import IfMatch, etag
from matching.auth import VendorUser
from matching.deps import ClockDep, kick_indexer
from matching.idempotency import IdempotencyDep
from matching.product import service
from matching.product.schemas import Product, ProductCreate, ProductUpdate

router = APIRouter(tags=["products"], dependencies=[Depends(kick_indexer)])


@router.post("/products", response_model=Product, status_code=201, responses=problem_responses(400, 401, 403, 409, 422))
def create_product(
    body: ProductCreate, session: DbSession, user: VendorUser, clock: ClockDep, response: Response, idem: IdempotencyDep
) -> Product | JSONResponse:
    if (prior := idem.begin(session, body)) is not None:
        return prior
    product = service.create(session, user, body, clock)
    idem.finish(201, product)
    response.headers["ETag"] = etag(product.version)
    return product


@router.patch("/products/{product_id}", response_model=Product, responses=problem_responses(401, 403, 404, 412, 422))
def update_product(
    product_id: str,
    body: ProductUpdate,
    session: DbSession,
    user: VendorUser,
    clock: ClockDep,
    response: Response,
    if_match: IfMatch = None,
) -> Product:
    product = service.update(session, user, product_id, body, clock, if_match)
    response.headers["ETag"] = etag(product.version)
    return product


@router.get("/products/{product_id}", response_model=Product, responses=problem_responses(404))
def get_product(product_id: str, session: DbSession, clock: ClockDep, response: Response) -> Product:
    product = service.get(session, product_id, clock)
    response.headers["ETag"] = etag(product.version)
    return product
