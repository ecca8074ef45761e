import os

import yaml

SETTINGS = os.path.join(os.path.dirname(__file__), "settings.yml")


def get_setting(name):
    with open(SETTINGS) as f:
        value = yaml.safe_load(f)
    for part in name.split("."):
        value = value[part]
    return value
