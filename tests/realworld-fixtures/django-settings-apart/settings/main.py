SECRET_KEY = "change-me"
ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
INSTALLED_APPS = ["tracker"]
