from setuptools import find_packages, setup

setup(
    name="watchapp",
    version="1.0",
    packages=find_packages(include=["watchapp", "watchapp.*"]),
    entry_points={"console_scripts": ["watch-app=watchapp:main"]},
    scripts=["watcher.py"],
)
