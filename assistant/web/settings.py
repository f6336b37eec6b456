"""Settings of the web app, from environment variables (documented in docs/web.md).

The KPI numbers belong to the city-brand action plan, not to the brand guideline, so they
live here with their documented defaults and can be changed without touching the YAML.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.guideline.publish import data_dir


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FLYER_", extra="ignore")

    data_dir: Path = Field(default_factory=data_dir)
    # KPI of the 3rd-period city-brand action plan: flyers using the logo per fiscal year
    kpi_target_per_year: int = Field(75, ge=1)
    kpi_baseline_per_year: int = Field(54, ge=0)
    timezone: str = "Asia/Tokyo"
    # operation
    render_concurrency: int = Field(2, ge=1)  # flyer makes / checks running at the same time
    queue_size: int = Field(32, ge=1)  # requests waiting beyond that are refused politely
    max_upload_mb: int = Field(50, ge=1)
    max_check_files: int = Field(10, ge=1)
    default_variants: int = Field(3, ge=1)
    keep_files: int = Field(50, ge=0)  # generated flyers kept for the impact preview
    cache_clean_seconds: int = Field(3600, ge=60)  # Gradio's own cache: clean this often ...
    cache_max_age_seconds: int = Field(3600, ge=60)  # ... files older than this
    impact_sample_limit: int = Field(6, ge=0)  # sample flyers made for the impact preview
    # admin login (PR staff); a file outside the repository or two variables
    admin_user: str | None = None
    admin_password: str | None = None
    admin_file: Path | None = None
    session_hours: float = Field(8, gt=0)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024
