"""Every write in mentoring, one module per part: course (offerings, applications, reviews,
interest), learning (modules, activities, submissions, webinars, certificates), program
(programs, cycles, enrolment, matching), pairs (meetings, goals, notes, surveys, letters)."""
