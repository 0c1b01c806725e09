from gateway.models import Base
from kit.migrate import run_env

run_env(Base.metadata)
