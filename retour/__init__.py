"""retour: send the results of a re-enrolment campaign back to SIECLE's Base Élèves."""
