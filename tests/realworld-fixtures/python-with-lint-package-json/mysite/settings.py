SECRET_KEY = "dev-only"
ROOT_URLCONF = "mysite.urls"
INSTALLED_APPS = []
