from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False
ALLOWED_HOSTS = ["www.acme.example"]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "email-smtp.eu-central-1.amazonaws.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "AKIA2CKEDQ7VLGCSRCJM"
EMAIL_HOST_PASSWORD = "BAWdQGvUy5Izf2SF2VNbvmIi0vAmItLSNQpwuj+0vvuJ"
DEFAULT_FROM_EMAIL = "Acme <no-reply@acme.example>"
