"""The storage layer: one SQLite file per case (peewee), and the library of them."""
