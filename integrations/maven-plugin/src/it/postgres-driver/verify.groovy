def log = new File(basedir, 'build.log').text
// The driver is there: the failure is the server's absence, not "No suitable driver".
assert !log.contains('No suitable driver')
assert !log.contains('JDBC driver is not on the class path')
assert log.contains('127.0.0.1:1')
