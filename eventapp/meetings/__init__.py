"""Bilateral meetings (issue 21): partner representatives request time with heads of
post in meeting windows; the models are in eventapp/models/meetings.py. The partners'
own pages are the `partners` blueprint (eventapp/partners)."""
