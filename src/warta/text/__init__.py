"""Text utilities shared by every stage: decoding bytes, Unicode clean-up, language guess."""
