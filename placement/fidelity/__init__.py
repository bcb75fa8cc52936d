"""IPS fidelity: the scale, the items the system's data can score, and the reviewer's scores."""
