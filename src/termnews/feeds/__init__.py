"""Provides fetching the news: subscriptions, RSS/Atom/RDF/JSON Feed parsing, OPML, and
item files written into the feeds folder, which the library reads like any other.

Nothing here knows about the reader or the index: items are plain Markdown files.
"""
