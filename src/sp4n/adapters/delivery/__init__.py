"""Delivery adapters."""
