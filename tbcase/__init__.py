"""tbcase: an offline case manager for Taobao/Tmall order disputes."""

__version__ = "0.1.0"
APP_NAME = "tbcase"
