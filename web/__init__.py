"""The exchange's public site: server-rendered Vietnamese pages (English under /en/).

Pages read through the same selectors, services and search backend as the API; nothing here
queries a model another way. Floor 3: it reads every domain app and nothing imports it.
"""
