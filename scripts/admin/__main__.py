from scripts.admin import entry

entry()
