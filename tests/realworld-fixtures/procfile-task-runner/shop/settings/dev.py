SECRET_KEY = "dev"
ROOT_URLCONF = "shop.urls"
