"""Demo and generated data: what `seed_demo` and `generate_demo_data` write."""
