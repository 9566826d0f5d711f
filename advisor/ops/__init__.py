"""Operations: personal-data redaction for logs, structured JSON logging, metrics and rate-limit counters.

No web framework here; advisor/api wires these into middleware and routes.
"""
