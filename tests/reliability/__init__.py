"""Reliability and security proofs (issue 7): faults, bad input, secrets."""
