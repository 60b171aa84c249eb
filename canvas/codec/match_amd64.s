//go:build amd64 && !purego

#include "textflag.h"

// func subAbsBlocks(out, a, b []byte) int
//
// For the len(out)/32 whole blocks of 32 bytes: out[i] = a[i] - b[i]
// (mod 256); returns the sum of |int8(out[i])| over them. a and b are at
// least as long as out.
TEXT ·subAbsBlocks(SB), NOSPLIT, $0-80
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	VPXOR Y0, Y0, Y0 // sums, 4 × u64
	VPXOR Y3, Y3, Y3
	SHRQ $5, CX
	JZ   done

loop:
	VMOVDQU (SI), Y1
	VMOVDQU (DX), Y2
	VPSUBB  Y2, Y1, Y1
	VMOVDQU Y1, (DI)
	VPABSB  Y1, Y2
	VPSADBW Y3, Y2, Y2
	VPADDQ  Y2, Y0, Y0
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VEXTRACTI128 $1, Y0, X1
	VPADDQ       X1, X0, X0
	VPSHUFD      $0x4e, X0, X1
	VPADDQ       X1, X0, X0
	VMOVQ        X0, AX
	VZEROUPPER
	MOVQ         AX, ret+72(FP)
	RET

// func matchLenBlocks(a, b []byte, limit int) int
//
// The length of the common prefix of a and b, counted in whole 32-byte
// blocks first and then exactly in the block that differs; it stops at
// the last whole block within limit (the caller finishes the rest).
// len(a) and len(b) are at least limit.
TEXT ·matchLenBlocks(SB), NOSPLIT, $0-64
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), DI
	MOVQ limit+48(FP), CX
	XORQ AX, AX

loop:
	LEAQ      32(AX), DX
	CMPQ      DX, CX
	JA        end
	VMOVDQU   (SI)(AX*1), Y0
	VPCMPEQB  (DI)(AX*1), Y0, Y0
	VPMOVMSKB Y0, DX
	XORL      $0xffffffff, DX
	JNZ       diff
	ADDQ      $32, AX
	JMP       loop

diff:
	BSFL DX, DX
	ADDQ DX, AX

end:
	VZEROUPPER
	MOVQ AX, ret+56(FP)
	RET

// Per 128-bit lane: the R, G, B bytes of its four pixels to the low 12.
DATA rgbShuf<>+0(SB)/8, $0x0908060504020100
DATA rgbShuf<>+8(SB)/8, $0x808080800e0d0c0a
DATA rgbShuf<>+16(SB)/8, $0x0908060504020100
DATA rgbShuf<>+24(SB)/8, $0x808080800e0d0c0a
GLOBL rgbShuf<>(SB), RODATA|NOPTR, $32

// Dwords 0–2 (lane 0's 12 bytes) then 4–6 (lane 1's).
DATA rgbPerm<>+0(SB)/8, $0x0000000100000000
DATA rgbPerm<>+8(SB)/8, $0x0000000400000002
DATA rgbPerm<>+16(SB)/8, $0x0000000600000005
DATA rgbPerm<>+24(SB)/8, $0x0000000700000007
GLOBL rgbPerm<>(SB), RODATA|NOPTR, $32

// func rgbDiffBlocks(dst, a, b []byte) int
//
// For blocks of 8 RGBA pixels of a and b: the 24 RGB bytes of a - b (per
// byte, mod 256) to dst, while 32 bytes of a and of dst remain (each store
// writes 8 bytes past the block, overwritten by the next). Returns the
// pixels done. b is at least as long as a.
TEXT ·rgbDiffBlocks(SB), NOSPLIT, $0-80
	MOVQ    dst_base+0(FP), DI
	MOVQ    dst_len+8(FP), R8
	MOVQ    a_base+24(FP), SI
	MOVQ    a_len+32(FP), CX
	MOVQ    b_base+48(FP), DX
	VMOVDQU rgbShuf<>(SB), Y3
	VMOVDQU rgbPerm<>(SB), Y4
	XORQ    AX, AX // pixels done
	XORQ    R9, R9 // 4 × AX
	XORQ    R11, R11 // 3 × AX

loop:
	LEAQ     32(R9), R10
	CMPQ     R10, CX
	JA       done
	LEAQ     32(R11), R10
	CMPQ     R10, R8
	JA       done
	VMOVDQU  (SI)(R9*1), Y0
	VPSUBB   (DX)(R9*1), Y0, Y0
	VPSHUFB  Y3, Y0, Y0
	VPERMD   Y0, Y4, Y0
	VMOVDQU  Y0, (DI)(R11*1)
	ADDQ     $8, AX
	ADDQ     $32, R9
	ADDQ     $24, R11
	JMP      loop

done:
	VZEROUPPER
	MOVQ AX, ret+72(FP)
	RET

// func alphaAllFF(p []byte) bool
//
// Whether every fourth byte (alpha of RGBA pixels) of the whole 32-byte
// blocks of p is 0xff.
TEXT ·alphaAllFF(SB), NOSPLIT, $0-25
	MOVQ    p_base+0(FP), SI
	MOVQ    p_len+8(FP), CX
	SHRQ    $5, CX
	VPCMPEQB Y1, Y1, Y1 // all ones
	VMOVDQU  Y1, Y0     // running AND

loopa:
	TESTQ CX, CX
	JZ    checka
	VPAND (SI), Y0, Y0
	ADDQ  $32, SI
	DECQ  CX
	JMP   loopa

checka:
	// alpha bytes must all be 0xff: compare, then take the byte mask.
	VPCMPEQB  Y1, Y0, Y0
	VPMOVMSKB Y0, AX
	ANDL      $0x88888888, AX
	CMPL      AX, $0x88888888
	SETEQ     ret+24(FP)
	VZEROUPPER
	RET

DATA unpremulK<>+0(SB)/4, $0x3b808081 // float32(1.0/255)
DATA unpremulK<>+4(SB)/4, $0x437f0000 // 255.0
DATA unpremulK<>+8(SB)/4, $0x3f800000 // 1.0
GLOBL unpremulK<>(SB), RODATA|NOPTR, $12

// func unpremulBlocks(dst, src []byte) int
//
// Unpremultiplies the whole 8-pixel blocks of the RGBA bytes src into dst
// with the float32 steps of the unpremul table (c·(1/255) · 1/(a·(1/255))
// · 255, rounded half to even, clamped; alpha 255 kept, alpha 0 to 0) and
// returns the pixels done. dst is at least as long as src.
TEXT ·unpremulBlocks(SB), NOSPLIT, $0-56
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	SHRQ         $5, CX
	MOVQ         CX, AX
	SHLQ         $3, AX
	VBROADCASTSS unpremulK<>+0(SB), Y10
	VBROADCASTSS unpremulK<>+4(SB), Y11
	VBROADCASTSS unpremulK<>+8(SB), Y12
	VPCMPEQD     Y13, Y13, Y13
	VPSRLD       $24, Y13, Y13 // 0xff per dword
	VPXOR        Y14, Y14, Y14
	VPSLLD       $24, Y13, Y15 // alpha byte mask
	VPXOR        Y8, Y8, Y8    // the last block computed, and its input
	VPXOR        Y9, Y9, Y9
	TESTQ        CX, CX
	JZ           updone

uploop:
	VMOVDQU   (SI), Y0
	// Blocks equal to the last one computed (flat translucent fills),
	// all opaque or all transparent skip the arithmetic.
	VPCMPEQB  Y9, Y0, Y6
	VPMOVMSKB Y6, DX
	CMPL      DX, $0xffffffff
	JEQ       uprepeat
	VPAND     Y15, Y0, Y6
	VPTEST    Y6, Y6
	JZ        upclear
	VPCMPEQD  Y15, Y6, Y7
	VPMOVMSKB Y7, DX
	CMPL      DX, $0xffffffff
	JEQ       upstore
	VPSRLD    $24, Y0, Y1  // a
	VCVTDQ2PS Y1, Y2
	VMULPS    Y10, Y2, Y2  // a·(1/255)
	VDIVPS    Y2, Y12, Y2  // inv = 1 / that

	VPAND     Y13, Y0, Y3  // R
	VCVTDQ2PS Y3, Y3
	VMULPS    Y10, Y3, Y3
	VMULPS    Y2, Y3, Y3
	VMULPS    Y11, Y3, Y3
	VCVTPS2DQ Y3, Y3
	VPMINSD   Y13, Y3, Y3
	VPMAXSD   Y14, Y3, Y3

	VPSRLD    $8, Y0, Y4   // G
	VPAND     Y13, Y4, Y4
	VCVTDQ2PS Y4, Y4
	VMULPS    Y10, Y4, Y4
	VMULPS    Y2, Y4, Y4
	VMULPS    Y11, Y4, Y4
	VCVTPS2DQ Y4, Y4
	VPMINSD   Y13, Y4, Y4
	VPMAXSD   Y14, Y4, Y4
	VPSLLD    $8, Y4, Y4

	VPSRLD    $16, Y0, Y5  // B
	VPAND     Y13, Y5, Y5
	VCVTDQ2PS Y5, Y5
	VMULPS    Y10, Y5, Y5
	VMULPS    Y2, Y5, Y5
	VMULPS    Y11, Y5, Y5
	VCVTPS2DQ Y5, Y5
	VPMINSD   Y13, Y5, Y5
	VPMAXSD   Y14, Y5, Y5
	VPSLLD    $16, Y5, Y5

	VPOR      Y4, Y3, Y3
	VPOR      Y5, Y3, Y3
	VPAND     Y15, Y0, Y6
	VPOR      Y6, Y3, Y3
	VPCMPEQD  Y13, Y1, Y7  // a == 255: the pixel as it is
	VPBLENDVB Y7, Y0, Y3, Y3
	VPCMPEQD  Y14, Y1, Y7  // a == 0: zero
	VPANDN    Y3, Y7, Y3
	VMOVDQU   Y3, (DI)
	VMOVDQU   Y0, Y9
	VMOVDQU   Y3, Y8

upnext:
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       uploop
	JMP       updone

upclear:
	VMOVDQU   Y14, (DI)
	JMP       upnext

upstore:
	VMOVDQU   Y0, (DI)
	JMP       upnext

uprepeat:
	VMOVDQU   Y8, (DI)
	JMP       upnext

updone:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// func subBlocks(out, a, b []byte) int
//
// out = a - b (per byte) for the whole 32-byte blocks of out; returns the
// bytes done. a and b are at least as long as out.
TEXT ·subBlocks(SB), NOSPLIT, $0-80
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	SHRQ $5, CX
	MOVQ CX, AX
	SHLQ $5, AX
	TESTQ CX, CX
	JZ   sbdone

sbloop:
	VMOVDQU (SI), Y1
	VPSUBB  (DX), Y1, Y1
	VMOVDQU Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     sbloop

sbdone:
	VZEROUPPER
	MOVQ AX, ret+72(FP)
	RET

// func scanBlocks(buf []byte, i, lit, lim, near, far int, seqs []fseq) (ni, nlit, n int)
//
// fastDeflater.scan's portable loop, 29 positions a step: from i, while
// i < lim and i+36 <= len(buf) and fewer than len(seqs) sequences were
// written, find the first position s where four bytes agree with those
// near or far before, stop if s >= lim, take the longer match there (at
// near; at far if longer and at least 6, tried only while near's is below
// 64; lengths up to the end of buf) and write the sequence {s-lit,
// length|far<<31}, or step past s when no match is 4 or longer. Returns
// i, lit and the number of sequences written.
TEXT ·scanBlocks(SB), NOSPLIT, $0-112
	MOVQ buf_base+0(FP), SI
	MOVQ buf_len+8(FP), DX
	MOVQ i+24(FP), AX
	MOVQ lit+32(FP), R10
	MOVQ seqs_base+64(FP), DI
	MOVQ seqs_len+72(FP), R11
	LEAQ (DI)(R11*8), R11

scan:
	CMPQ AX, lim+40(FP)
	JGE  out
	LEAQ 36(AX), BX
	CMPQ BX, DX
	JA   out
	CMPQ DI, R11
	JAE  out
	VMOVDQU   (SI)(AX*1), Y0
	MOVQ      AX, BX
	SUBQ      near+48(FP), BX
	VPCMPEQB  (SI)(BX*1), Y0, Y1
	MOVQ      AX, BX
	SUBQ      far+56(FP), BX
	VPCMPEQB  (SI)(BX*1), Y0, Y2
	VPMOVMSKB Y1, R12
	VPMOVMSKB Y2, R13
	// m & m>>1 & m>>2 & m>>3: four equal bytes start here.
	MOVL R12, CX
	SHRL $1, CX
	ANDL CX, R12
	MOVL R12, CX
	SHRL $2, CX
	ANDL CX, R12
	MOVL R13, CX
	SHRL $1, CX
	ANDL CX, R13
	MOVL R13, CX
	SHRL $2, CX
	ANDL CX, R13
	MOVL R12, CX
	ORL  R13, CX
	JNZ  found
	ADDQ $29, AX
	// Nothing before lim: the portable loop's i is lim then.
	CMPQ AX, lim+40(FP)
	JLE  scan
	MOVQ lim+40(FP), AX
	JMP  out

found:
	BSFL CX, CX
	LEAQ (AX)(CX*1), R15 // s
	CMPQ R15, lim+40(FP)
	JGE  out
	SHRL CX, R12         // near agrees at s
	SHRL CX, R13         // far agrees at s
	XORL R14, R14        // the match length
	XORL BX, BX          // its far bit
	TESTL $1, R12
	JZ   tryfar

	// R9 = common length of buf[s-near:] and buf[s:], up to len(buf)-s.
	MOVQ R15, R12
	SUBQ near+48(FP), R12
	XORL R9, R9

near32:
	LEAQ 32(R15)(R9*1), R8
	CMPQ R8, DX
	JA   neartail
	LEAQ (SI)(R12*1), R8
	VMOVDQU (R8)(R9*1), Y3
	LEAQ (SI)(R15*1), R8
	VPCMPEQB (R8)(R9*1), Y3, Y3
	VPMOVMSKB Y3, R8
	XORL $0xffffffff, R8
	JNZ  neardiff
	ADDQ $32, R9
	JMP  near32

neardiff:
	BSFL R8, R8
	ADDQ R8, R9
	JMP  neardone

neartail:
	LEAQ (R15)(R9*1), R8
	CMPQ R8, DX
	JAE  neardone
	MOVBLZX (SI)(R8*1), CX
	LEAQ (R12)(R9*1), R8
	MOVBLZX (SI)(R8*1), R8
	CMPL CX, R8
	JNE  neardone
	INCQ R9
	JMP  neartail

neardone:
	MOVQ R9, R14

tryfar:
	TESTL $1, R13
	JZ   decide
	CMPQ R14, $64
	JAE  decide
	MOVQ R15, R12
	SUBQ far+56(FP), R12
	XORL R9, R9

far32:
	LEAQ 32(R15)(R9*1), R8
	CMPQ R8, DX
	JA   fartail
	LEAQ (SI)(R12*1), R8
	VMOVDQU (R8)(R9*1), Y3
	LEAQ (SI)(R15*1), R8
	VPCMPEQB (R8)(R9*1), Y3, Y3
	VPMOVMSKB Y3, R8
	XORL $0xffffffff, R8
	JNZ  fardiff
	ADDQ $32, R9
	JMP  far32

fardiff:
	BSFL R8, R8
	ADDQ R8, R9
	JMP  fardone

fartail:
	LEAQ (R15)(R9*1), R8
	CMPQ R8, DX
	JAE  fardone
	MOVBLZX (SI)(R8*1), CX
	LEAQ (R12)(R9*1), R8
	MOVBLZX (SI)(R8*1), R8
	CMPL CX, R8
	JNE  fardone
	INCQ R9
	JMP  fartail

fardone:
	CMPQ R9, R14
	JBE  decide
	CMPQ R9, $6
	JB   decide
	MOVQ R9, R14
	MOVL $0x80000000, BX

decide:
	CMPQ R14, $4
	JAE  emit
	LEAQ 1(R15), AX
	JMP  scan

emit:
	MOVQ R15, CX
	SUBQ R10, CX
	MOVL CX, (DI)
	MOVL R14, CX
	ORL  BX, CX
	MOVL CX, 4(DI)
	ADDQ $8, DI
	LEAQ (R15)(R14*1), AX
	MOVQ AX, R10
	JMP  scan

out:
	VZEROUPPER
	MOVQ AX, ni+88(FP)
	MOVQ R10, nlit+96(FP)
	MOVQ seqs_base+64(FP), CX
	SUBQ CX, DI
	SHRQ $3, DI
	MOVQ DI, n+104(FP)
	RET

// The sequence writer's steps. LIT(off) adds the code of the literal at
// off(DX) to the accumulator AX holding CX bits; FLUSH stores AX at
// out+R8 and drops its whole bytes.
#define LIT(off) \
	MOVBLZX off(DX), BX; \
	MOVWLZX (R10)(BX*4), R9; \
	SHLXQ   CX, R9, R9; \
	ORQ     R9, AX; \
	MOVBLZX 2(R10)(BX*4), R9; \
	ADDQ    R9, CX

#define FLUSH \
	MOVQ  AX, (DI)(R8*1); \
	MOVQ  CX, R9; \
	SHRQ  $3, R9; \
	ADDQ  R9, R8; \
	MOVQ  CX, R9; \
	ANDQ  $-8, R9; \
	SHRXQ R9, AX, AX; \
	ANDQ  $7, CX

// func writeSeqsBMI2(out []byte, o int, acc uint64, n uint, seqs []fseq, raw []byte, t *seqCodes) (int, uint64, uint)
//
// writeSeqsGo's steps: for each sequence its literals four per store,
// then its match in pieces of at most 258 (none under 3), each piece's
// length and distance codes in one store. t is a seqCodes: lit at 0, len
// at 1024, lenN at 2048, dist at 2304, distN at 2320.
TEXT ·writeSeqsBMI2(SB), NOSPLIT, $0-128
	MOVQ out_base+0(FP), DI
	MOVQ o+24(FP), R8
	MOVQ acc+32(FP), AX
	MOVQ n+40(FP), CX
	MOVQ seqs_base+48(FP), SI
	MOVQ seqs_len+56(FP), R11
	LEAQ (SI)(R11*8), R11
	MOVQ raw_base+72(FP), DX
	MOVQ t+96(FP), R10

seq:
	CMPQ SI, R11
	JAE  done
	MOVL (SI), R13
	ADDQ DX, R13   // end of the literals
	MOVL 4(SI), R12
	ADDQ $8, SI

lit4:
	LEAQ 4(DX), BX
	CMPQ BX, R13
	JA   lit1
	LIT(0)
	LIT(1)
	LIT(2)
	LIT(3)
	ADDQ $4, DX
	FLUSH
	JMP  lit4

lit1:
	CMPQ DX, R13
	JAE  litdone
	LIT(0)
	INCQ DX
	JMP  lit1

litdone:
	FLUSH
	MOVL R12, R14
	ANDL $0x7fffffff, R14 // match length
	JZ   seq
	ADDQ R14, DX
	SHRL $31, R12
	MOVQ 2304(R10)(R12*8), R15 // distance code and extra bits
	MOVQ 2320(R10)(R12*8), R12 // their count

piece:
	MOVQ R14, BX
	CMPQ BX, $258
	JBE  pk
	MOVQ $258, BX
	LEAQ -258(R14), R9
	CMPQ R9, $3
	JAE  pk
	LEAQ -3(R14), BX

pk:
	SUBQ    BX, R14
	MOVL    1012(R10)(BX*4), R9 // len[k-3]
	SHLXQ   CX, R9, R9
	ORQ     R9, AX
	MOVBLZX 2045(R10)(BX*1), R9 // lenN[k-3]
	ADDQ    R9, CX
	SHLXQ   CX, R15, R9
	ORQ     R9, AX
	ADDQ    R12, CX
	FLUSH
	TESTQ   R14, R14
	JNZ     piece
	JMP     seq

done:
	MOVQ R8, ret+104(FP)
	MOVQ AX, ret1+112(FP)
	MOVQ CX, ret2+120(FP)
	RET

// func writeTokensBMI2(out []byte, o int, acc uint64, n uint, tokens []uint32, t *tokenCodes, dc *[32768]uint8) (int, uint64, uint)
//
// writeTokensGo's steps. t is a tokenCodes: sym at 0, symN at 2048, dist
// at 2560, distN at 2688, distX at 2720, distB at 2752; dc maps dist-1 to
// its distance code.
TEXT ·writeTokensBMI2(SB), NOSPLIT, $0-112
	MOVQ out_base+0(FP), DI
	MOVQ o+24(FP), R8
	MOVQ acc+32(FP), AX
	MOVQ n+40(FP), CX
	MOVQ tokens_base+48(FP), SI
	MOVQ tokens_len+56(FP), R11
	LEAQ (SI)(R11*4), R11
	MOVQ t+72(FP), R10
	MOVQ dc+80(FP), R12
	CMPQ SI, R11
	JAE  tdone

tloop:
	MOVL    (SI), BX
	MOVL    BX, R9
	ANDL    $0x1ff, R9
	MOVL    (R10)(R9*4), R13
	SHLXQ   CX, R13, R13
	ORQ     R13, AX
	MOVBLZX 2048(R10)(R9*1), R13
	ADDQ    R13, CX
	MOVL    BX, R9
	SHRL    $9, R9
	ANDL    $0x7fff, R9           // dist-1
	MOVBLZX (R12)(R9*1), R13      // its code
	SUBL    2752(R10)(R13*4), R9  // extra bits
	MOVBLZX 2688(R10)(R13*1), R14
	SHLXQ   R14, R9, R9
	MOVL    2560(R10)(R13*4), R15
	ORQ     R9, R15
	MOVBLZX 2720(R10)(R13*1), R9
	ADDQ    R9, R14
	// Keep the distance part of matches only (top bit set).
	SARL    $31, BX
	MOVLQSX BX, BX
	ANDQ    BX, R15
	ANDQ    BX, R14
	SHLXQ   CX, R15, R15
	ORQ     R15, AX
	ADDQ    R14, CX
	FLUSH
	ADDQ    $4, SI
	CMPQ    SI, R11
	JB      tloop

tdone:
	MOVQ R8, ret+88(FP)
	MOVQ AX, ret1+96(FP)
	MOVQ CX, ret2+104(FP)
	RET

// func lazyBlocks(s *lazyState)
//
// deflater.deflateLazy's loop, step for step (the portable code is the
// reference and a test compares the two): from s.p while s.p < s.end and
// s.nt < s.blockLimit. The hash is hashAt's with hashLen 5 and hashBits
// 15; the parameters are deflate.go's lazy* constants. lazyState layout:
// buf 0, bufLen 8, head 16, prev 24, tokens 32, nt 40, blockLimit 48, p 56,
// end 64, prevLen 72, prevDist 80, prevAvail 88, litFreq 96, distFreq 104,
// lengthCode 112, distCodes 120, chain 128, limit8 136.
TEXT ·lazyBlocks(SB), NOSPLIT, $0-8
	MOVQ s+0(FP), DI
	MOVQ 0(DI), SI
	MOVQ 16(DI), R10
	MOVQ 24(DI), R11
	MOVQ 32(DI), R12
	MOVQ 40(DI), R13
	MOVQ 56(DI), R8

lzloop:
	CMPQ R8, 64(DI)
	JGE  lzexit
	CMPQ R13, 48(DI)
	JGE  lzexit
	XORL R15, R15       // curDist: 0 unless a longer match is found
	MOVQ 72(DI), R14    // prevLen
	LEAQ 8(R8), AX
	CMPQ AX, 8(DI)
	JA   lzdecide

	// Insert p: prev[p&winMask] = head[h]; head[h] = p.
	MOVQ    (SI)(R8*1), AX
	SHLQ    $24, AX
	MOVQ    $-7046029254386353131, CX
	IMULQ   CX, AX
	SHRQ    $49, AX
	MOVLQSX (R10)(AX*4), CX // first candidate
	MOVL    R8, DX
	ANDL    $0x7fff, DX
	MOVL    CX, (R11)(DX*4)
	MOVL    R8, (R10)(AX*4)

	// limit = min(maxMatch, bufLen-p); search if prevLen < 16 and
	// best = max(prevLen, 3) < limit.
	MOVQ    8(DI), BX
	SUBQ    R8, BX
	MOVQ    $258, AX
	CMPQ    BX, AX
	CMOVQGT AX, BX
	CMPQ    R14, $16
	JGE     lzdecide
	MOVQ    $3, AX
	CMPQ    R14, AX
	CMOVQLT AX, R14
	CMPQ    R14, BX
	JGE     lzdecide
	LEAQ    -8(BX), AX
	MOVQ    AX, 136(DI)     // limit-8
	MOVQ    $4, AX
	MOVQ    $1, DX
	CMPQ    72(DI), $4
	CMOVQGE DX, AX
	MOVQ    AX, 128(DI)     // chain
	LEAQ    (SI)(R8*1), DX  // &buf[p]

lzcand:
	// cand > max(p-winSize, -1)
	TESTQ CX, CX
	JS    lzdecide
	MOVQ  R8, AX
	SUBQ  CX, AX
	CMPQ  AX, $32767
	JG    lzdecide
	LEAQ  (CX)(R14*1), AX
	MOVBLZX (SI)(AX*1), AX
	CMPB  AX, (DX)(R14*1)
	JNE   lznext
	MOVL  (SI)(CX*1), AX
	CMPL  AX, (DX)
	JNE   lznext

	// l = 4 + common length of buf[cand+4:] and buf[p+4:], up to limit.
	LEAQ (SI)(CX*1), R9
	MOVQ $4, AX

lzml8:
	CMPQ AX, 136(DI)
	JG   lzmltail
	MOVQ (R9)(AX*1), CX
	XORQ (DX)(AX*1), CX
	JNZ  lzmldiff
	ADDQ $8, AX
	JMP  lzml8

lzmldiff:
	BSFQ CX, CX
	SHRQ $3, CX
	ADDQ CX, AX
	JMP  lzmldone

lzmltail:
	CMPQ    AX, BX
	JGE     lzmldone
	MOVBLZX (R9)(AX*1), CX
	CMPB    CX, (DX)(AX*1)
	JNE     lzmldone
	INCQ    AX
	JMP     lzmltail

lzmldone:
	MOVQ R9, CX
	SUBQ SI, CX         // cand again
	CMPQ AX, R14
	JLE  lznext
	MOVQ AX, R14        // best
	MOVQ R8, R15
	SUBQ CX, R15        // curDist = p - cand
	CMPQ AX, $128
	JGE  lzdecide
	CMPQ AX, BX
	JEQ  lzdecide

lznext:
	DECQ    128(DI)
	JZ      lzdecide
	ANDL    $0x7fff, CX
	MOVLQSX (R11)(CX*4), CX
	JMP     lzcand

lzdecide:
	// The match found at p-1 is emitted unless p's is longer.
	MOVQ 72(DI), AX     // prevLen
	CMPQ AX, $4
	JL   lzlit
	TESTQ R15, R15
	JNZ  lzlit
	MOVQ 80(DI), CX     // prevDist
	LEAQ -1(CX), DX
	SHLQ $9, DX
	LEAQ 253(AX), BX
	ORQ  BX, DX
	ORL  $0x80000000, DX
	MOVL DX, (R12)(R13*4)
	INCQ R13
	MOVQ 112(DI), DX
	MOVBLZX -3(DX)(AX*1), DX
	MOVQ 96(DI), BX
	INCL 1028(BX)(DX*4) // litFreq[257+lengthCode[prevLen-3]]
	MOVQ 120(DI), DX
	MOVBLZX -1(DX)(CX*1), DX
	MOVQ 104(DI), BX
	INCL (BX)(DX*4)     // distFreq[distCodes[prevDist-1]]

	// Insert p+1 … q-1 (only q-2 and q-1 after a match over 32), then
	// continue at q = p-1+prevLen.
	LEAQ -1(R8)(AX*1), R9
	LEAQ 1(R8), CX
	CMPQ AX, $32
	JLE  lzins
	LEAQ -2(R9), CX

lzins:
	CMPQ  CX, R9
	JGE   lzinsdone
	LEAQ  8(CX), DX
	CMPQ  DX, 8(DI)
	JA    lzinsdone
	MOVQ  (SI)(CX*1), DX
	SHLQ  $24, DX
	MOVQ  $-7046029254386353131, AX
	IMULQ AX, DX
	SHRQ  $49, DX
	MOVL  (R10)(DX*4), AX
	MOVL  CX, BX
	ANDL  $0x7fff, BX
	MOVL  AX, (R11)(BX*4)
	MOVL  CX, (R10)(DX*4)
	INCQ  CX
	JMP   lzins

lzinsdone:
	MOVQ R9, R8
	MOVQ $0, 72(DI)
	MOVQ $0, 88(DI)
	JMP  lzloop

lzlit:
	CMPQ    88(DI), $0
	JEQ     lzsetprev
	MOVBLZX -1(SI)(R8*1), CX
	MOVL    CX, (R12)(R13*4)
	INCQ    R13
	MOVQ    96(DI), DX
	INCL    (DX)(CX*4)

lzsetprev:
	XORL    AX, AX
	TESTQ   R15, R15
	CMOVQNE R14, AX
	MOVQ    AX, 72(DI)
	MOVQ    R15, 80(DI)
	MOVQ    $1, 88(DI)
	INCQ    R8
	JMP     lzloop

lzexit:
	MOVQ R8, 56(DI)
	MOVQ R13, 40(DI)
	RET

// AAN constants (float32) and the rounding bias of quant1.
DATA fdctK<>+0(SB)/4, $0x3f3504f3  // 0.707106781
DATA fdctK<>+4(SB)/4, $0x3ec3ef15  // 0.382683433
DATA fdctK<>+8(SB)/4, $0x3f0a8bd4  // 0.541196100
DATA fdctK<>+12(SB)/4, $0x3fa73d75 // 1.306562965
DATA fdctK<>+16(SB)/4, $0x46800100 // 16384.5
DATA fdctK<>+20(SB)/4, $16384
GLOBL fdctK<>(SB), RODATA|NOPTR, $24

// TRANSPOSE8 transposes the 8×8 floats in Y0–Y7 (rows) into Y8–Y15.
#define TRANSPOSE8 \
	VUNPCKLPS  Y1, Y0, Y8; \
	VUNPCKHPS  Y1, Y0, Y9; \
	VUNPCKLPS  Y3, Y2, Y10; \
	VUNPCKHPS  Y3, Y2, Y11; \
	VUNPCKLPS  Y5, Y4, Y12; \
	VUNPCKHPS  Y5, Y4, Y13; \
	VUNPCKLPS  Y7, Y6, Y14; \
	VUNPCKHPS  Y7, Y6, Y15; \
	VSHUFPS    $0x44, Y10, Y8, Y0; \
	VSHUFPS    $0xee, Y10, Y8, Y1; \
	VSHUFPS    $0x44, Y11, Y9, Y2; \
	VSHUFPS    $0xee, Y11, Y9, Y3; \
	VSHUFPS    $0x44, Y14, Y12, Y4; \
	VSHUFPS    $0xee, Y14, Y12, Y5; \
	VSHUFPS    $0x44, Y15, Y13, Y6; \
	VSHUFPS    $0xee, Y15, Y13, Y7; \
	VPERM2F128 $0x20, Y4, Y0, Y8; \
	VPERM2F128 $0x20, Y5, Y1, Y9; \
	VPERM2F128 $0x20, Y6, Y2, Y10; \
	VPERM2F128 $0x20, Y7, Y3, Y11; \
	VPERM2F128 $0x31, Y4, Y0, Y12; \
	VPERM2F128 $0x31, Y5, Y1, Y13; \
	VPERM2F128 $0x31, Y6, Y2, Y14; \
	VPERM2F128 $0x31, Y7, Y3, Y15

// AAN1D is fdct's 1-D pass on the eight vectors Y8–Y15 (inputs 0–7),
// with fdct's operations in its order; outputs 0–7 end in Y12, Y7,
// Y14, Y6, Y13, Y5, Y15, Y8. BX points at fdctK.
#define AAN1D \
	VADDPS Y15, Y8, Y0; \
	VSUBPS Y15, Y8, Y7; \
	VADDPS Y14, Y9, Y1; \
	VSUBPS Y14, Y9, Y6; \
	VADDPS Y13, Y10, Y2; \
	VSUBPS Y13, Y10, Y5; \
	VADDPS Y12, Y11, Y3; \
	VSUBPS Y12, Y11, Y4; \
	VADDPS Y3, Y0, Y8; \
	VSUBPS Y3, Y0, Y9; \
	VADDPS Y2, Y1, Y10; \
	VSUBPS Y2, Y1, Y11; \
	VADDPS Y10, Y8, Y12; \
	VSUBPS Y10, Y8, Y13; \
	VADDPS Y9, Y11, Y8; \
	VBROADCASTSS 0(BX), Y0; \
	VMULPS Y0, Y8, Y8; \
	VADDPS Y8, Y9, Y14; \
	VSUBPS Y8, Y9, Y15; \
	VADDPS Y5, Y4, Y8; \
	VADDPS Y6, Y5, Y9; \
	VADDPS Y7, Y6, Y10; \
	VSUBPS Y10, Y8, Y11; \
	VBROADCASTSS 4(BX), Y0; \
	VMULPS Y0, Y11, Y11; \
	VBROADCASTSS 8(BX), Y0; \
	VMULPS Y0, Y8, Y0; \
	VADDPS Y11, Y0, Y0; \
	VBROADCASTSS 12(BX), Y1; \
	VMULPS Y1, Y10, Y1; \
	VADDPS Y11, Y1, Y1; \
	VBROADCASTSS 0(BX), Y2; \
	VMULPS Y2, Y9, Y2; \
	VADDPS Y2, Y7, Y3; \
	VSUBPS Y2, Y7, Y4; \
	VADDPS Y0, Y4, Y5; \
	VSUBPS Y0, Y4, Y6; \
	VADDPS Y1, Y3, Y7; \
	VSUBPS Y1, Y3, Y8

// QUANT(reg, k) quantizes row k of the coefficients in reg into q (DI)
// with the scales at SI and ORs its non-zero bits into AX. Y9 holds the
// bias 16384.5 and Y10 16384.
#define QUANT(reg, k) \
	VMULPS    (k*32)(SI), reg, Y11; \
	VADDPS    Y9, Y11, Y11; \
	VCVTTPS2DQ Y11, Y11; \
	VPSUBD    Y10, Y11, Y11; \
	VMOVDQU   Y11, (k*32)(DI); \
	VPXOR     Y0, Y0, Y0; \
	VPCMPEQD  Y0, Y11, Y11; \
	VMOVMSKPS Y11, CX; \
	XORL      $0xff, CX; \
	SHLQ      $(8*k), CX; \
	ORQ       CX, AX

// func fdctAVX2(q *[64]int32, src []float32, stride int, scale *[64]float32) uint64
//
// fdct with the eight rows or columns of each pass in the lanes of AVX2
// registers: the same float32 operations in the same order, so the same
// coefficients.
TEXT ·fdctAVX2(SB), NOSPLIT, $0-56
	MOVQ q+0(FP), DI
	MOVQ src_base+8(FP), SI
	MOVQ stride+32(FP), DX
	SHLQ $2, DX
	LEAQ fdctK<>(SB), BX
	VMOVUPS (SI), Y0
	ADDQ    DX, SI
	VMOVUPS (SI), Y1
	ADDQ    DX, SI
	VMOVUPS (SI), Y2
	ADDQ    DX, SI
	VMOVUPS (SI), Y3
	ADDQ    DX, SI
	VMOVUPS (SI), Y4
	ADDQ    DX, SI
	VMOVUPS (SI), Y5
	ADDQ    DX, SI
	VMOVUPS (SI), Y6
	ADDQ    DX, SI
	VMOVUPS (SI), Y7
	TRANSPOSE8
	AAN1D
	// Outputs 0–7 back into Y0–Y7 as rows, transposed for the column pass.
	VMOVAPS Y12, Y0
	VMOVAPS Y7, Y1
	VMOVAPS Y14, Y2
	VMOVAPS Y6, Y3
	VMOVAPS Y13, Y4
	VMOVAPS Y15, Y6
	VMOVAPS Y8, Y7
	TRANSPOSE8
	AAN1D
	MOVQ scale+40(FP), SI
	XORL AX, AX
	VBROADCASTSS 16(BX), Y9
	VPBROADCASTD 20(BX), Y10
	QUANT(Y12, 0)
	QUANT(Y7, 1)
	QUANT(Y14, 2)
	QUANT(Y6, 3)
	QUANT(Y13, 4)
	QUANT(Y5, 5)
	QUANT(Y15, 6)
	QUANT(Y8, 7)
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// Colour conversion constants (int32), broadcast where used: luma R, G,
// B; Cb R, G; Cr G, B.
DATA jpK<>+0(SB)/4, $19595
DATA jpK<>+4(SB)/4, $38470
DATA jpK<>+8(SB)/4, $7471
DATA jpK<>+12(SB)/4, $-11056
DATA jpK<>+16(SB)/4, $-21712
DATA jpK<>+20(SB)/4, $-27440
DATA jpK<>+24(SB)/4, $-5328
GLOBL jpK<>(SB), RODATA|NOPTR, $28

// RGB8(src) splits the eight RGBA pixels in src (premultiplied) into
// int32 lanes of R, G, B composited over white (c + 255 - a): Y1, Y2, Y3.
// Y15 holds 0xff per lane. Uses Y10.
#define RGB8(src) \
	VPSRLD $24, src, Y10; \
	VPSUBD Y10, Y15, Y10; \
	VPAND  Y15, src, Y1; \
	VPADDD Y10, Y1, Y1; \
	VPSRLD $8, src, Y2; \
	VPAND  Y15, Y2, Y2; \
	VPADDD Y10, Y2, Y2; \
	VPSRLD $16, src, Y3; \
	VPAND  Y15, Y3, Y3; \
	VPADDD Y10, Y3, Y3

// LUMA(dst) stores float32(19595 r + 38470 g + 7471 b - 128<<16) / 65536
// for Y1–Y3 at dst. Y12 holds 128<<16, Y14 1/65536. Uses Y10, Y11.
#define LUMA(dst) \
	VPBROADCASTD jpK<>+0(SB), Y10; \
	VPMULLD    Y10, Y1, Y10; \
	VPBROADCASTD jpK<>+4(SB), Y11; \
	VPMULLD    Y11, Y2, Y11; \
	VPADDD     Y11, Y10, Y10; \
	VPBROADCASTD jpK<>+8(SB), Y11; \
	VPMULLD    Y11, Y3, Y11; \
	VPADDD     Y11, Y10, Y10; \
	VPSUBD     Y12, Y10, Y10; \
	VCVTDQ2PS  Y10, Y10; \
	VMULPS     Y14, Y10, Y10; \
	VMOVUPS    Y10, dst

// CHROMA(r, g, b, scale, cbdst, crdst) stores the Cb and Cr of the int32
// lanes r, g, b (sums of one or four pixels), times scale. Uses Y10, Y11.
#define CHROMA(r, g, b, scale, cbdst, crdst) \
	VPBROADCASTD jpK<>+12(SB), Y10; \
	VPMULLD    Y10, r, Y10; \
	VPBROADCASTD jpK<>+16(SB), Y11; \
	VPMULLD    Y11, g, Y11; \
	VPADDD     Y11, Y10, Y10; \
	VPSLLD     $15, b, Y11; \
	VPADDD     Y11, Y10, Y10; \
	VCVTDQ2PS  Y10, Y10; \
	VMULPS     scale, Y10, Y10; \
	VMOVUPS    Y10, cbdst; \
	VPSLLD     $15, r, Y10; \
	VPBROADCASTD jpK<>+20(SB), Y11; \
	VPMULLD    Y11, g, Y11; \
	VPADDD     Y11, Y10, Y10; \
	VPBROADCASTD jpK<>+24(SB), Y11; \
	VPMULLD    Y11, b, Y11; \
	VPADDD     Y11, Y10, Y10; \
	VCVTDQ2PS  Y10, Y10; \
	VMULPS     scale, Y10, Y10; \
	VMOVUPS    Y10, crdst

// func cells420(ya, yb, cb, cr []float32, ra, rb []byte, n int) int
//
// loadRow's 4:2:0 conversion for the first n/8*8 of n 2×2 cells: luma of
// the pixels of ra and rb, chroma of each cell's sum; the same integer
// sums and float32 conversions as the Go loop. Returns the cells done.
TEXT ·cells420(SB), NOSPLIT, $0-160
	MOVQ ya_base+0(FP), DI
	MOVQ yb_base+24(FP), R8
	MOVQ cb_base+48(FP), R9
	MOVQ cr_base+72(FP), R10
	MOVQ ra_base+96(FP), SI
	MOVQ rb_base+120(FP), DX
	MOVQ n+144(FP), CX
	SHRQ $3, CX
	MOVQ CX, AX
	SHLQ $3, AX
	VPCMPEQD     Y15, Y15, Y15
	VPSRLD       $24, Y15, Y15
	MOVL         $0x800000, BX
	MOVQ         BX, X12
	VPBROADCASTD X12, Y12
	MOVL         $0x37800000, BX
	MOVQ         BX, X14
	VPBROADCASTD X14, Y14
	MOVL         $0x36800000, BX
	MOVQ         BX, X13
	VPBROADCASTD X13, Y13
	TESTQ        CX, CX
	JZ           c4done

c4loop:
	VMOVDQU (SI), Y0
	RGB8(Y0)
	LUMA((DI))
	VMOVDQA Y1, Y4
	VMOVDQA Y2, Y5
	VMOVDQA Y3, Y6
	VMOVDQU (DX), Y0
	RGB8(Y0)
	LUMA((R8))
	VPADDD  Y1, Y4, Y4
	VPADDD  Y2, Y5, Y5
	VPADDD  Y3, Y6, Y6
	VMOVDQU 32(SI), Y0
	RGB8(Y0)
	LUMA(32(DI))
	VMOVDQA Y1, Y7
	VMOVDQA Y2, Y8
	VMOVDQA Y3, Y9
	VMOVDQU 32(DX), Y0
	RGB8(Y0)
	LUMA(32(R8))
	VPADDD  Y1, Y7, Y7
	VPADDD  Y2, Y8, Y8
	VPADDD  Y3, Y9, Y9
	// Pairs of pixels: cells 0–3 from Y4–Y6, 4–7 from Y7–Y9.
	VPHADDD Y7, Y4, Y4
	VPERMQ  $0xd8, Y4, Y4
	VPHADDD Y8, Y5, Y5
	VPERMQ  $0xd8, Y5, Y5
	VPHADDD Y9, Y6, Y6
	VPERMQ  $0xd8, Y6, Y6
	CHROMA(Y4, Y5, Y6, Y13, (R9), (R10))
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	ADDQ    $64, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	DECQ    CX
	JNZ     c4loop

c4done:
	VZEROUPPER
	MOVQ AX, ret+152(FP)
	RET

// func pixels444(y, cb, cr []float32, src []byte, n int) int
//
// loadRow's 4:4:4 conversion for the first n/8*8 of n pixels. Returns the
// pixels done.
TEXT ·pixels444(SB), NOSPLIT, $0-112
	MOVQ y_base+0(FP), DI
	MOVQ cb_base+24(FP), R9
	MOVQ cr_base+48(FP), R10
	MOVQ src_base+72(FP), SI
	MOVQ n+96(FP), CX
	SHRQ $3, CX
	MOVQ CX, AX
	SHLQ $3, AX
	VPCMPEQD     Y15, Y15, Y15
	VPSRLD       $24, Y15, Y15
	MOVL         $0x800000, BX
	MOVQ         BX, X12
	VPBROADCASTD X12, Y12
	MOVL         $0x37800000, BX
	MOVQ         BX, X14
	VPBROADCASTD X14, Y14
	TESTQ        CX, CX
	JZ           p4done

p4loop:
	VMOVDQU (SI), Y0
	RGB8(Y0)
	LUMA((DI))
	CHROMA(Y1, Y2, Y3, Y14, (R9), (R10))
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R9
	ADDQ    $32, R10
	DECQ    CX
	JNZ     p4loop

p4done:
	VZEROUPPER
	MOVQ AX, ret+104(FP)
	RET
