"""Where the settings come from: the checkout's directories, the environment (and `.env`), and
DJANGO_DEBUG, which many defaults follow. Every other settings module starts here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
