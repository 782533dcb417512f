"""LTI 1.3: a course in Canvas, Moodle or another platform opens an Unwind assignment and receives grades."""
