// What ipset v7.17 printed (`ipset save`) on Linux 6.18 in a scratch network namespace for the sets it had
// created (plus `add we ird 10.0.0.9`, an element for the set whose name has a space).
export const SAVE = `create hip hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x59c0da16
add hip 10.0.0.1
add hip 10.0.0.2
create hipt hash:ip family inet hashsize 1024 maxelem 65536 timeout 300 counters comment skbinfo bucketsize 12 initval 0x7fe1e7f7
add hipt 10.0.0.3 timeout 0 packets 5 bytes 500 comment "hello world" skbmark 0x10/0xff
add hipt 10.0.0.4 timeout 299 packets 0 bytes 0
create hipnm hash:ip family inet hashsize 1024 maxelem 65536 netmask 24 bucketsize 12 initval 0x7d0fd676
add hipnm 192.168.1.0
create hnet hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0xb10c971f
add hnet 1.2.3.4
add hnet 10.0.0.0/8
add hnet 10.1.2.0/24
add hnet 10.1.0.0/16 nomatch
create hnet6 hash:net family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0x90d5f071
add hnet6 2001:db8:1::/48 nomatch
add hnet6 2001:db8::/32
create hipport hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x70c6abb3
add hipport 10.0.0.2,tcp:8080
add hipport 10.0.0.1,icmp:fragmentation-needed
add hipport 10.0.0.1,sctp:99
add hipport 10.0.0.1,udp:53
add hipport 10.0.0.1,tcp:80
add hipport 10.0.0.1,gre:0
add hipport 10.0.0.1,icmp:echo-request
create hnetport hash:net,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0xd8fbbb17
add hnetport 10.0.0.0/25,tcp:22 nomatch
add hnetport 10.0.0.0/24,tcp:22
create hipportip hash:ip,port,ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x615acf0b
add hipportip 10.0.0.1,tcp:80,10.0.0.2
create hipportnet hash:ip,port,net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0xea9b4bdc
add hipportnet 10.0.0.1,udp:53,192.168.0.0/16
create hnetiface hash:net,iface family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x856cbbd4
add hnetiface 10.0.0.0/16,physdev:br0
add hnetiface 10.0.0.0/8,eth0
add hnetiface 10.9.0.0/16,eth1 nomatch
create bport bitmap:port range 0-1024
add bport 22
add bport 80
add bport 81
add bport 82
create bip bitmap:ip range 192.168.0.0-192.168.0.255
add bip 192.168.0.5
create bip2 bitmap:ip range 10.0.0.0-10.0.255.255 netmask 24
add bip2 10.0.3.0
create bipmac bitmap:ip,mac range 192.168.0.0-192.168.0.255
add bipmac 192.168.0.9,00:AA:BB:CC:DD:EE
add bipmac 192.168.0.10
create hipport6 hash:ip,port family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0x784314c5
add hipport6 2001:db8::1,tcp:443
create we ird hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x67c41ec4
add we ird 10.0.0.9
create hipb hash:ip family inet hashsize 1024 maxelem 65536 bitmask 255.255.0.255 bucketsize 12 initval 0xa8380627
add hipb 10.1.0.3
create t hash:net family inet hashsize 1024 maxelem 65536 timeout 10 bucketsize 12 initval 0x5f50a22f
add t 10.0.0.0/8 timeout 9 nomatch
add t 10.0.0.0/16 timeout 0
create n6 hash:net family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0xa94d0192
add n6 ::/1
add n6 ::1
create ni hash:net,iface family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x5b3566f7
add ni 0.0.0.0/0,eth2
add ni 10.0.0.0/8,eth wildcard
add ni 10.1.1.1,eth3
create c hash:ip family inet hashsize 1024 maxelem 65536 counters comment bucketsize 12 initval 0x67ce0fff
add c 1.2.3.5 packets 0 bytes 0 comment "x,y z"
create bp bitmap:port range 1024-2048 timeout 5 counters
add bp 1500 timeout 4 packets 0 bytes 0
create sk hash:ip family inet hashsize 1024 maxelem 65536 skbinfo bucketsize 12 initval 0x048831e2
add sk 1.1.1.1 skbmark 0x1 skbprio 1:2 skbqueue 3
create lset list:set size 8
add lset hip
add lset hnet
create li list:set size 4 timeout 30
add li c timeout 29
`;
