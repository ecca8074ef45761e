print "a Python 2 script"
