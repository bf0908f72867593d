"""The Thai ID-card reader's hardware: PC/SC through pyscard (pcscd on Linux, the Smart Card service on Windows)."""
