"""Files a team takes out of the application: PDF and CSV summaries, one module each."""
