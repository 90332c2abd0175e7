"""Scrapy spiders (SPIDER_MODULES): the one registry-driven spider, crawler.spiders.reports."""
