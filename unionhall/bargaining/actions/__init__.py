"""Every write in bargaining, one module per part."""
