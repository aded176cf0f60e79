"""Expert review (三审三评) and the expert library (专家库)."""
