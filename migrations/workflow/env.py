from kit.migrate import run_env
from workflow.models import Base

run_env(Base.metadata)
