def log = new File(basedir, 'build.log').text
assert log.contains('1 pending revision (the database is at a1b2c3d4e5f6)')
assert log.contains('migrate check failed with exit status 9')
