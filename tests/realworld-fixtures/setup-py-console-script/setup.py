from setuptools import find_packages, setup

setup(
    name="guestbook",
    version="0.3",
    packages=find_packages(),
    install_requires=["werkzeug>=3.0"],
    entry_points={
        "console_scripts": ["guestbook = guestbook:main"],
    },
)
